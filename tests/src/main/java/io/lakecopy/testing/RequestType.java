package io.lakecopy.testing;

import java.util.Locale;

/** S3 operations as the fault proxy sees them: method, query parameters and headers. */
public enum RequestType {
  LIST_BUCKETS,
  HEAD_BUCKET,
  LIST_OBJECTS,
  HEAD_OBJECT,
  GET_OBJECT,
  GET_TAGGING,
  PUT_OBJECT,
  COPY_OBJECT,
  UPLOAD_PART,
  UPLOAD_PART_COPY,
  CREATE_MULTIPART,
  COMPLETE_MULTIPART,
  ABORT_MULTIPART,
  LIST_PARTS,
  LIST_MULTIPART_UPLOADS,
  DELETE_OBJECT,
  DELETE_OBJECTS,
  OTHER;

  /**
   * Classifies a path-style request.
   *
   * @param rawQuery the raw query string, or null
   * @param copySource whether the request carries {@code x-amz-copy-source}
   */
  public static RequestType of(String method, String path, String rawQuery, boolean copySource) {
    String m = method.toUpperCase(Locale.ROOT);
    String q = rawQuery == null ? "" : "&" + rawQuery;
    String p = path.startsWith("/") ? path.substring(1) : path;
    boolean bucketOnly = !p.contains("/") || p.indexOf('/') == p.length() - 1;
    if (p.isEmpty()) {
      return m.equals("GET") ? LIST_BUCKETS : OTHER;
    }
    if (bucketOnly) {
      return switch (m) {
        case "HEAD" -> HEAD_BUCKET;
        case "GET" -> q.contains("&uploads") ? LIST_MULTIPART_UPLOADS : LIST_OBJECTS;
        case "POST" -> q.contains("&delete") ? DELETE_OBJECTS : OTHER;
        default -> OTHER;
      };
    }
    boolean upload = q.contains("&uploadId=");
    return switch (m) {
      case "HEAD" -> HEAD_OBJECT;
      case "GET" -> q.contains("&tagging") ? GET_TAGGING : upload ? LIST_PARTS : GET_OBJECT;
      case "PUT" -> upload ? (copySource ? UPLOAD_PART_COPY : UPLOAD_PART) : copySource ? COPY_OBJECT : PUT_OBJECT;
      case "POST" -> q.contains("&uploads") ? CREATE_MULTIPART : upload ? COMPLETE_MULTIPART : OTHER;
      case "DELETE" -> upload ? ABORT_MULTIPART : DELETE_OBJECT;
      default -> OTHER;
    };
  }
}
