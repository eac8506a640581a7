package io.lakecopy.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakecopy.cli.ArgsParser;
import io.lakecopy.config.CliOption;
import io.lakecopy.config.ConfigLoader;
import io.lakecopy.config.JobConfig;
import io.lakecopy.s3.LakecopyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment descriptors under {@code deploy/} are valid: every JSON file parses, the EMR step,
 * the Databricks jobs and the Airflow argument list run {@code io.lakecopy.cli.LakecopyMain} with
 * real lakecopy flags whose values pass lakecopy's own validation, the IAM policy and the lifecycle
 * rule have what the docs promise, the Python files compile and the shell scripts parse.
 */
class DeployFilesTest {
  static final String MAIN_CLASS = "io.lakecopy.cli.LakecopyMain";
  static final String JAR_NAME = "lakecopy-0.1.0-SNAPSHOT-shaded.jar";

  private static final Path ROOT = projectRoot();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  /** A quoted long flag in Python source: "--xxx". */
  private static final Pattern QUOTED_FLAG = Pattern.compile("[\"'](--[a-z][a-z0-9-]*)[\"']");
  /** An Airflow Jinja expression ({{ ... }}); rendered to a plain run folder before validation. */
  private static final Pattern JINJA = Pattern.compile("\\{\\{[^}]*}}");

  /** The project root: the nearest directory, from the working directory up, with deploy/ and pom.xml. */
  static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("deploy")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no directory with deploy/ and pom.xml at or above " + dir);
  }

  /** Every real lakecopy flag: each CliOption's, plus --conf-file. */
  static Set<String> lakecopyFlags() {
    Set<String> flags = Arrays.stream(CliOption.values()).map(CliOption::flag)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    flags.add(CliOption.CONF_FILE_FLAG);
    return flags;
  }

  @Test
  void jsonFiles_all_parseWithJackson() throws IOException {
    List<Path> files = filesUnderDeploy(".json");

    assertThat(files).extracting(p -> DEPLOY.relativize(p).toString().replace('\\', '/'))
        .contains("emr/add-step.json", "databricks/job.json", "databricks/job-15.4-java17.json",
            "iam/lakecopy-policy.json", "iam/lifecycle-abort-incomplete-mpu.json",
            "iam/cross-account-source-bucket-policy.json", "iam/assume-lakecopy-roles-policy.json",
            "iam/lakecopy-role-trust-policy.json", "kubernetes/emr-on-eks-start-job-run.json");
    for (Path file : files) {
      assertThatCode(() -> JSON.readTree(file.toFile())).as(file.toString()).doesNotThrowAnyException();
    }
  }

  @Test
  void emrStep_addStepJson_runsLakecopyInClusterModeWithValidArguments() throws IOException {
    JsonNode steps = JSON.readTree(DEPLOY.resolve("emr/add-step.json").toFile());

    assertThat(steps.isArray()).as("add-steps takes a list of steps").isTrue();
    assertThat(steps).hasSize(1);
    JsonNode step = steps.get(0);
    assertThat(step.path("ActionOnFailure").asText()).isEqualTo("CONTINUE");
    assertThat(step.path("Name").asText()).isNotBlank();
    List<String> args = strings(step.path("Args"));
    String type = step.path("Type").asText("CUSTOM_JAR");
    if (type.equalsIgnoreCase("Spark")) {
      // The aws CLI puts spark-submit in front of a Spark step's Args itself.
      assertThat(args.get(0)).as("Type Spark: Args must not start with spark-submit").isNotEqualTo("spark-submit");
      args.add(0, "spark-submit");
    } else {
      assertThat(type).isEqualToIgnoringCase("CUSTOM_JAR");
      assertThat(step.path("Jar").asText()).isEqualTo("command-runner.jar");
      assertThat(args.get(0)).isEqualTo("spark-submit");
    }
    assertThat(args).containsSubsequence("--deploy-mode", "cluster").containsSubsequence("--class", MAIN_CLASS);
    assertThat(args.get(args.indexOf("--class") + 1)).isEqualTo(MAIN_CLASS);
    int jar = indexOfJar(args);
    assertThat(args.get(jar)).startsWith("s3://").endsWith("/" + JAR_NAME);

    List<String> lakecopyArgs = args.subList(jar + 1, args.size());
    JobConfig config = assertValidLakecopyArguments(lakecopyArgs, "emr/add-step.json");
    assertThat(config.report()).as("on EMR --report may be s3:// (EMRFS)").hasValueSatisfying(r ->
        assertThat(r).startsWith("s3://"));
  }

  @Test
  void databricksJobs_bothFiles_runLakecopyJarTaskWithValidArguments() throws IOException {
    for (String name : List.of("job.json", "job-15.4-java17.json")) {
      JsonNode job = JSON.readTree(DEPLOY.resolve("databricks").resolve(name).toFile());

      assertThat(job.path("tasks")).as(name).hasSize(1);
      JsonNode task = job.path("tasks").get(0);
      JsonNode jarTask = task.path("spark_jar_task");
      assertThat(jarTask.path("main_class_name").asText()).as(name).isEqualTo(MAIN_CLASS);
      assertValidLakecopyArguments(strings(jarTask.path("parameters")), "databricks/" + name);
      assertThat(task.path("libraries")).as(name).hasSize(1);
      assertThat(task.path("libraries").get(0).path("jar").asText()).as(name)
          .startsWith("/Volumes/").endsWith("/" + JAR_NAME);
      assertThat(task.path("max_retries").asInt(0)).as(name).isZero();

      String clusterKey = task.path("job_cluster_key").asText();
      JsonNode cluster = null;
      for (JsonNode c : job.path("job_clusters")) {
        if (c.path("job_cluster_key").asText().equals(clusterKey)) {
          cluster = c.path("new_cluster");
        }
      }
      assertThat(cluster).as(name + ": job cluster '" + clusterKey + "'").isNotNull();
      assertThat(cluster.path("data_security_mode").asText()).as(name).isEqualTo("SINGLE_USER");
      String sparkVersion = cluster.path("spark_version").asText();
      String jname = cluster.path("spark_env_vars").path("JNAME").asText("");
      if (name.equals("job.json")) {
        assertThat(sparkVersion).isEqualTo("16.4.x-scala2.12");
      } else {
        assertThat(sparkVersion).startsWith("15.4.");
        assertThat(jname).as("15.4 LTS runs Java 8 unless JNAME selects 17").isEqualTo("zulu17-ca-amd64");
      }
    }
  }

  @Test
  void airflowArgs_quotedFlags_areLakecopyFlags() throws IOException {
    String source = Files.readString(DEPLOY.resolve("airflow/lakecopy_args.py"), StandardCharsets.UTF_8);

    List<String> flags = quotedFlags(source);

    assertThat(flags).contains("--source", "--dest", "--report");
    assertThat(flags).allSatisfy(f -> assertThat(lakecopyFlags()).as("lakecopy flag in lakecopy_args.py").contains(f));
    assertThat(source).contains("\"" + MAIN_CLASS + "\"");
  }

  @Test
  void airflowDags_each_importSharedArgumentsAndDefineNoLakecopyFlag() throws IOException {
    List<Path> dags = filesUnderDeploy(".py").stream()
        .filter(p -> p.getParent().endsWith("airflow") && !p.getFileName().toString().equals("lakecopy_args.py"))
        .toList();

    assertThat(dags).extracting(p -> p.getFileName().toString())
        .contains("lakecopy_spark_submit.py", "lakecopy_emr.py", "lakecopy_databricks.py");
    Set<String> lakecopyFlags = lakecopyFlags();
    for (Path dag : dags) {
      String source = Files.readString(dag, StandardCharsets.UTF_8);
      assertThat(source).as(dag.toString())
          .contains("from lakecopy_args import", "lakecopy_arguments(", "schedule=None", "catchup=False",
              "default_args=");
      assertThat(quotedFlags(source)).as(dag + ": lakecopy flags belong in lakecopy_args.py")
          .doesNotContainAnyElementsOf(lakecopyFlags);
      assertThat(source).as(dag + " docstring names the exit codes").contains("0 ok", "1 some objects failed");
    }
  }

  @Test
  void airflowArgs_evaluatedByPython_passLakecopyValidation(@TempDir Path pycache) throws Exception {
    assumePython3();
    String script = String.join("\n",
        "import json, lakecopy_args as a",
        "print(json.dumps({'main_class': a.MAIN_CLASS, 'args': a.lakecopy_arguments(),",
        "                  'args_s3a': a.lakecopy_arguments(a.REPORT_ROOT_S3A)}))");

    Result result = run(List.of("python3", "-c", script), pycache, DEPLOY.resolve("airflow"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    JsonNode out = JSON.readTree(result.output().lines().reduce((a, b) -> b).orElse("{}"));
    assertThat(out.path("main_class").asText()).isEqualTo(MAIN_CLASS);
    for (String field : List.of("args", "args_s3a")) {
      List<String> args = strings(out.path(field)).stream()
          .map(a -> JINJA.matcher(a).replaceAll("manual__2025-01-01T00-00-00-00-00"))
          .toList();
      JobConfig config = assertValidLakecopyArguments(args, "lakecopy_args.py " + field);
      assertThat(config.report()).isPresent();
    }
  }

  @Test
  void iamPolicy_lakecopyPolicy_grantsTheListedActionsOnly() throws IOException {
    JsonNode policy = JSON.readTree(DEPLOY.resolve("iam/lakecopy-policy.json").toFile());

    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    List<JsonNode> statements = new ArrayList<>();
    policy.path("Statement").forEach(statements::add);
    assertThat(statements).isNotEmpty();
    Set<String> actions = new LinkedHashSet<>();
    Set<String> sids = new LinkedHashSet<>();
    for (JsonNode s : statements) {
      String sid = s.path("Sid").asText();
      assertThat(sid).as("Sid (IAM allows only letters and digits)").matches("[A-Za-z0-9]+");
      assertThat(sids.add(sid)).as("unique Sid " + sid).isTrue();
      assertThat(s.path("Effect").asText()).as(sid).isEqualTo("Allow");
      List<String> statementActions = stringOrList(s.path("Action"));
      assertThat(statementActions).as(sid).isNotEmpty().allSatisfy(a -> assertThat(a).doesNotContain("*"));
      assertThat(stringOrList(s.path("Resource"))).as(sid).isNotEmpty()
          .allSatisfy(r -> assertThat(r).isNotEqualTo("*").startsWith("arn:aws:"));
      actions.addAll(statementActions);
    }
    assertThat(actions).contains(
        "s3:ListBucket", "s3:GetObject", "s3:GetObjectTagging",
        "s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
        "s3:ListBucketMultipartUploads", "kms:Decrypt", "kms:GenerateDataKey");
    assertThat(actions).doesNotContain("s3:GetObjectVersion");

    JsonNode sourceList = statements.stream()
        .filter(s -> stringOrList(s.path("Action")).contains("s3:ListBucket")
            && stringOrList(s.path("Resource")).contains("arn:aws:s3:::SOURCE-BUCKET"))
        .findFirst().orElseThrow(() -> new AssertionError("no s3:ListBucket statement on SOURCE-BUCKET"));
    assertThat(stringOrList(sourceList.path("Condition").path("StringLike").path("s3:prefix")))
        .as("source listing limited to the source prefix").isNotEmpty();
    assertThat(statements.stream().filter(s -> stringOrList(s.path("Action")).contains("s3:ListBucket")
        && stringOrList(s.path("Resource")).contains("arn:aws:s3:::DEST-BUCKET"))).as("dest s3:ListBucket").hasSize(1);

    List<JsonNode> kms = statements.stream()
        .filter(s -> stringOrList(s.path("Action")).stream().anyMatch(a -> a.startsWith("kms:"))).toList();
    assertThat(kms).isNotEmpty().allSatisfy(s -> assertThat(s.path("Sid").asText())
        .as("KMS statements say they apply only with SSE-KMS").contains("SseKms"));
    assertThat(kms).anySatisfy(s -> {
      assertThat(stringOrList(s.path("Resource"))).allSatisfy(r -> assertThat(r).contains("SOURCE-KEY"));
      assertThat(stringOrList(s.path("Action"))).containsExactly("kms:Decrypt");
    });
    assertThat(kms).anySatisfy(s -> {
      assertThat(stringOrList(s.path("Resource"))).allSatisfy(r -> assertThat(r).contains("DEST-KEY"));
      assertThat(stringOrList(s.path("Action"))).containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Decrypt");
    });
  }

  @Test
  void kubernetesSparkApplication_driverAndExecutorsRunAsTheIrsaServiceAccountWithValidArguments() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var reader = Files.newBufferedReader(DEPLOY.resolve("kubernetes/spark-application.yaml"))) {
      for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(reader)) {
        docs.add(JSON.valueToTree(doc));
      }
    }

    assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactly("ServiceAccount", "SparkApplication");
    JsonNode account = docs.get(0);
    JsonNode app = docs.get(1);
    assertThat(app.path("apiVersion").asText()).isEqualTo("sparkoperator.k8s.io/v1beta2");
    assertThat(app.path("metadata").path("namespace").asText()).isEqualTo(account.path("metadata").path("namespace").asText());
    JsonNode spec = app.path("spec");
    assertThat(spec.path("type").asText()).isEqualTo("Java");
    assertThat(spec.path("mode").asText()).isEqualTo("cluster");
    assertThat(spec.path("mainClass").asText()).isEqualTo(MAIN_CLASS);
    assertThat(spec.path("mainApplicationFile").asText()).endsWith("/" + JAR_NAME);
    assertThat(spec.path("restartPolicy").path("type").asText()).as("no automatic retry").isEqualTo("Never");
    String serviceAccount = account.path("metadata").path("name").asText();
    assertThat(spec.path("driver").path("serviceAccount").asText()).isEqualTo(serviceAccount);
    assertThat(spec.path("executor").path("serviceAccount").asText()).as("executors send the copies")
        .isEqualTo(serviceAccount);
    String roleArn = account.path("metadata").path("annotations").path("eks.amazonaws.com/role-arn").asText();
    assertThatCode(() -> new io.lakecopy.s3.AssumeRole(roleArn.replace("ACCOUNT-ID", "111122223333"), null, "check"))
        .as("IRSA role annotation " + roleArn).doesNotThrowAnyException();
    JobConfig config = assertValidLakecopyArguments(strings(spec.path("arguments")), "kubernetes/spark-application.yaml");
    assertThat(config.report()).hasValueSatisfying(r -> assertThat(r).startsWith("s3a://"));
    assertThat(spec.path("sparkConf").path("spark.hadoop.fs.s3a.aws.credentials.provider").asText())
        .as("S3A of Hadoop 3.3 finds no web identity by itself").isEqualTo("com.amazonaws.auth.WebIdentityTokenCredentialsProvider");
  }

  @Test
  void emrOnEksStartJobRun_runsLakecopyWithTheExecutionRoleAndNoRetry() throws IOException {
    JsonNode run = JSON.readTree(DEPLOY.resolve("kubernetes/emr-on-eks-start-job-run.json").toFile());

    assertThat(run.path("releaseLabel").asText()).matches("emr-7\\.\\d+\\.\\d+-latest");
    assertThatCode(() -> new io.lakecopy.s3.AssumeRole(run.path("executionRoleArn").asText()
        .replace("ACCOUNT-ID", "111122223333"), null, "check")).as("executionRoleArn").doesNotThrowAnyException();
    assertThat(run.path("virtualClusterId").asText()).isNotBlank();
    JsonNode driver = run.path("jobDriver").path("sparkSubmitJobDriver");
    assertThat(driver.path("entryPoint").asText()).startsWith("s3://").endsWith("/" + JAR_NAME);
    assertThat(driver.path("sparkSubmitParameters").asText()).contains("--class " + MAIN_CLASS);
    JobConfig config = assertValidLakecopyArguments(strings(driver.path("entryPointArguments")),
        "kubernetes/emr-on-eks-start-job-run.json");
    assertThat(config.report()).as("EMR on EKS writes s3:// through EMRFS").hasValueSatisfying(r ->
        assertThat(r).startsWith("s3://"));
    assertThat(run.path("retryPolicyConfiguration").path("maxAttempts").asInt()).as("no automatic retry").isEqualTo(1);
  }

  @Test
  void crossAccountPolicies_letTheDestinationRoleReadTheSourceAndTheClusterAssumeTheRoles() throws IOException {
    JsonNode bucketPolicy = JSON.readTree(DEPLOY.resolve("iam/cross-account-source-bucket-policy.json").toFile());
    JsonNode assume = JSON.readTree(DEPLOY.resolve("iam/assume-lakecopy-roles-policy.json").toFile());
    JsonNode trust = JSON.readTree(DEPLOY.resolve("iam/lakecopy-role-trust-policy.json").toFile());

    Set<String> granted = new LinkedHashSet<>();
    Set<String> principals = new LinkedHashSet<>();
    for (JsonNode st : bucketPolicy.path("Statement")) {
      assertThat(st.path("Effect").asText()).isEqualTo("Allow");
      granted.addAll(stringOrList(st.path("Action")));
      principals.addAll(stringOrList(st.path("Principal").path("AWS")));
      assertThat(stringOrList(st.path("Resource"))).allSatisfy(r -> assertThat(r).startsWith("arn:aws:s3:::SOURCE-BUCKET"));
    }
    JsonNode policy = JSON.readTree(DEPLOY.resolve("iam/lakecopy-policy.json").toFile());
    Set<String> sourceActions = new LinkedHashSet<>();
    for (JsonNode st : policy.path("Statement")) {
      if (st.path("Sid").asText().startsWith("Source")) {
        sourceActions.addAll(stringOrList(st.path("Action")));
      }
    }
    assertThat(granted).as("the bucket policy grants what the role's Source statements use")
        .containsExactlyInAnyOrderElementsOf(sourceActions);
    assertThat(principals).singleElement().satisfies(p -> assertThat(p).endsWith(":role/lakecopy-dest"));
    assertThat(stringOrList(assume.path("Statement").get(0).path("Action"))).containsExactly("sts:AssumeRole");
    assertThat(stringOrList(assume.path("Statement").get(0).path("Resource"))).as("the role the bucket policy trusts")
        .contains(principals.iterator().next());
    JsonNode trusted = trust.path("Statement").get(0);
    assertThat(stringOrList(trusted.path("Action"))).containsExactly("sts:AssumeRole");
    assertThat(trusted.path("Condition").path("StringEquals").path("sts:ExternalId").asText()).isNotBlank();
    String readme = Files.readString(DEPLOY.resolve("iam/README.md"));
    assertThat(readme).contains("## Cross-account copies", "--expected-source-owner", "--dest-role-arn",
        "bucket-owner-full-control", "s3:PutObjectAcl");
  }

  @Test
  void lifecycleRule_abortsIncompleteMultipartUploadsAfterSevenDays() throws IOException {
    JsonNode config = JSON.readTree(DEPLOY.resolve("iam/lifecycle-abort-incomplete-mpu.json").toFile());

    assertThat(config.path("Rules")).hasSize(1);
    JsonNode rule = config.path("Rules").get(0);
    assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
    assertThat(rule.path("Filter").path("Prefix").isTextual()).isTrue();
    assertThat(rule.path("Filter").path("Prefix").asText()).isEmpty();
    assertThat(rule.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").isInt()).isTrue();
    assertThat(rule.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt()).isEqualTo(7);
    assertThat(Files.readString(DEPLOY.resolve("iam/README.md"))).contains(
        "aws s3api put-bucket-lifecycle-configuration --bucket DEST-BUCKET",
        "--lifecycle-configuration file://deploy/iam/lifecycle-abort-incomplete-mpu.json");
  }

  @Test
  void pythonFiles_all_compile(@TempDir Path pycache) throws Exception {
    assumePython3();
    List<Path> files = filesUnderDeploy(".py");
    assertThat(files).isNotEmpty();
    List<String> command = new ArrayList<>(List.of("python3", "-m", "py_compile"));
    files.forEach(f -> command.add(f.toString()));

    Result result = run(command, pycache, null);

    assertThat(result.exitCode()).as("python3 -m py_compile:\n" + result.output()).isZero();
  }

  @Test
  void shellScripts_all_passBashSyntaxCheck() throws Exception {
    List<Path> scripts = filesUnderDeploy(".sh");
    assertThat(scripts).extracting(p -> DEPLOY.relativize(p).toString().replace('\\', '/'))
        .contains("spark-submit.sh", "emr/add-step.sh");
    for (Path script : scripts) {
      Result result = run(List.of("bash", "-n", script.toString()), null, null);

      assertThat(result.exitCode()).as("bash -n " + script + ":\n" + result.output()).isZero();
      assertThat(Files.readString(script)).as(script.toString()).contains("set -euo pipefail");
    }
  }

  @Test
  void deployReadme_indexesEveryFile() throws IOException {
    String readme = Files.readString(DEPLOY.resolve("README.md"), StandardCharsets.UTF_8);

    for (Path file : filesUnderDeploy("")) {
      String relative = DEPLOY.relativize(file).toString().replace('\\', '/');
      if (!relative.equals("README.md")) {
        assertThat(readme).as("deploy/README.md names " + relative).contains(relative);
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /**
   * Parses and validates lakecopy arguments exactly as the job does before touching Spark or S3, once
   * the placeholder buckets are filled in. The placeholders themselves are upper case, which S3 bucket
   * names never are: an unedited file is rejected with exit code 2 before any request is sent.
   */
  static JobConfig assertValidLakecopyArguments(List<String> rawArgs, String where) {
    assertThat(rawArgs).as(where + ": lakecopy arguments").isNotEmpty();
    for (String arg : rawArgs) {
      if (arg.startsWith("--")) {
        assertThat(lakecopyFlags()).as(where + ": " + arg + " is a lakecopy flag").contains(arg);
      }
    }
    assertThat(rawArgs).as(where).contains("--source", "--dest", "--report");
    if (String.join(" ", rawArgs).contains("SOURCE-BUCKET")) {
      assertThatThrownBy(() -> ConfigLoader.load(ArgsParser.parse(rawArgs.toArray(String[]::new)).values()))
          .as(where + ": the unedited placeholders are rejected").isInstanceOf(LakecopyException.class)
          .hasMessageContaining("invalid bucket name");
    }
    List<String> args = rawArgs.stream()
        .map(a -> a.replace("SOURCE-BUCKET", "source-bucket").replace("DEST-BUCKET", "dest-bucket"))
        .toList();
    try {
      ArgsParser.Parsed parsed = ArgsParser.parse(args.toArray(String[]::new));
      assertThat(parsed.text()).as(where + ": not a help/version request").isEmpty();
      return ConfigLoader.load(parsed.values());
    } catch (RuntimeException e) {
      return fail(where + ": lakecopy rejects " + args + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> filesUnderDeploy(String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> !p.toString().contains("__pycache__"))
          .sorted()
          .toList();
    }
  }

  private static int indexOfJar(List<String> args) {
    for (int i = args.indexOf("--class") + 2; i < args.size(); i++) {
      if (args.get(i).endsWith(".jar")) {
        return i;
      }
    }
    throw new AssertionError("no application jar after --class in " + args);
  }

  private static List<String> quotedFlags(String source) {
    List<String> flags = new ArrayList<>();
    Matcher m = QUOTED_FLAG.matcher(source);
    while (m.find()) {
      flags.add(m.group(1));
    }
    return flags;
  }

  private static List<String> strings(JsonNode array) {
    assertThat(array.isArray()).as("expected a JSON array: " + array).isTrue();
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }

  /** IAM allows a single string or a list for Action and Resource. */
  private static List<String> stringOrList(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    List<String> values = new ArrayList<>();
    node.forEach(n -> values.add(n.asText()));
    return values;
  }

  /** System property that makes a missing python3 a failure outside CI too. */
  static final String REQUIRE_PYTHON3 = "lakecopy.tests.require-python3";

  /**
   * Skips the test where python3 is missing, except in CI (the environment variable {@code CI} set, as
   * CI sets it, or {@value #REQUIRE_PYTHON3}=true): there a missing python3 fails the build, since
   * python3 is part of every machine the project builds on and a skipped check would pass unnoticed.
   */
  private static void assumePython3() {
    boolean present;
    try {
      present = run(List.of("python3", "--version"), null, null).exitCode() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    String reason = "python3 is not on PATH: the Airflow DAGs under deploy/airflow cannot be checked";
    if (python3Required(System.getenv("CI"), System.getProperty(REQUIRE_PYTHON3))) {
      assertThat(present).as(reason + " (required in CI)").isTrue();
    }
    assumeTrue(present, reason);
  }

  /** Whether a missing python3 fails: in CI ({@code CI} set and not "false") or when the property says so. */
  static boolean python3Required(String ciVariable, String property) {
    boolean ci = ciVariable != null && !ciVariable.isBlank() && !ciVariable.equalsIgnoreCase("false");
    return ci || Boolean.parseBoolean(property);
  }

  @Test
  void python3Required_inCiOrWhenAsked_notOtherwise() {
    assertThat(python3Required("true", null)).isTrue();
    assertThat(python3Required("1", null)).isTrue();
    assertThat(python3Required(null, "true")).isTrue();
    assertThat(python3Required(null, null)).isFalse();
    assertThat(python3Required("", null)).isFalse();
    assertThat(python3Required("false", "false")).isFalse();
  }

  record Result(int exitCode, String output) {}

  /**
   * Runs a command with stdout and stderr merged; bytecode caches go to {@code pycache} (never next to
   * the sources) and PYTHONPATH is {@code pythonPath} when given.
   */
  private static Result run(List<String> command, Path pycache, Path pythonPath) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    if (pycache != null) {
      pb.environment().put("PYTHONPYCACHEPREFIX", pycache.toString());
    }
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    if (pythonPath != null) {
      pb.environment().put("PYTHONPATH", pythonPath.toString());
    }
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
