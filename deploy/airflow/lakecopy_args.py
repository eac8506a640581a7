"""The lakecopy arguments shared by the three Airflow DAGs in this folder.

lakecopy_spark_submit.py, lakecopy_emr.py and lakecopy_databricks.py all import their arguments
from here, so the three ways of running the copy cannot drift apart. Put this file in the same DAGs
folder as the DAG files (Airflow puts that folder on sys.path). It imports nothing from Airflow, so
it can be checked on its own: ``python3 -c "import lakecopy_args; print(lakecopy_args.lakecopy_arguments())"``.

Every value can be overridden with an environment variable of the Airflow workers and scheduler
(read when the DAG file is parsed), or edited here once for all three DAGs.

lakecopy's exit codes: 0 every object copied and verified, 1 the run finished but some objects
failed (see the report), 2 invalid input (nothing was written), 3 the job could not run (every
multipart upload it started was aborted). Each DAG turns any non-zero code into a failed task.
"""
import os
from datetime import datetime, timedelta, timezone

# The job's entry point, the same on every platform.
MAIN_CLASS = "io.lakecopy.cli.LakecopyMain"

# Where each platform finds the shaded jar (built by: ./mvnw -B -ntp -pl spark-job package -DskipTests).
JAR_NAME = "lakecopy-0.1.0-SNAPSHOT-shaded.jar"
# spark-submit on the Airflow worker: a local path, or any URI that spark-submit can fetch.
JAR_LOCAL = os.environ.get("LAKECOPY_JAR_LOCAL", "/opt/lakecopy/" + JAR_NAME)
# EMR: the cluster reads the jar from S3.
JAR_S3 = os.environ.get("LAKECOPY_JAR_S3", "s3://YOUR-BUCKET/jars/" + JAR_NAME)
# Databricks: a Unity Catalog volume (installing libraries from DBFS is disabled from DBR 16.0 on).
JAR_VOLUME = os.environ.get("LAKECOPY_JAR_VOLUME", "/Volumes/main/default/jars/" + JAR_NAME)

# What to copy: every object under SOURCE lands at the same relative key under DEST.
SOURCE = os.environ.get("LAKECOPY_SOURCE", "s3://SOURCE-BUCKET/warehouse/events/")
DEST = os.environ.get("LAKECOPY_DEST", "s3://DEST-BUCKET/backup/events/")

# The report must not exist yet, so every DAG run writes its own: the folder is named after Airflow's
# run_id (a Jinja template, rendered when the task runs; ':' and '+' are replaced to keep the S3 key
# plain, since Hadoop path handling trips over ':' in places). On EMR and Databricks s3:// works for
# the report (EMRFS, Databricks' S3 connector); plain Spark (spark-submit) needs s3a://, which
# REPORT_ROOT_S3A is for.
REPORT_ROOT = os.environ.get("LAKECOPY_REPORT_ROOT", "s3://DEST-BUCKET/_lakecopy")
REPORT_ROOT_S3A = os.environ.get("LAKECOPY_REPORT_ROOT_S3A", "s3a://DEST-BUCKET/_lakecopy")
RUN_FOLDER = "{{ run_id | replace(':', '-') | replace('+', '-') }}"


def report_uri(root=REPORT_ROOT):
    """The report location of one DAG run under ``root`` (templated: rendered by Airflow)."""
    return root.rstrip("/") + "/" + RUN_FOLDER + "/"


def lakecopy_arguments(report_root=REPORT_ROOT):
    """The lakecopy arguments (after the jar on a spark-submit line; a JAR task's parameters).

    Optional flags that fit here too (see the README's flag table): "--exclude", "*/_temporary/*";
    "--max-concurrency", "64"; "--dry-run" (plan and report only). The credentials are the cluster's,
    not an Airflow connection's; to copy as another role: "--dest-role-arn",
    "arn:aws:iam::ACCOUNT-ID:role/NAME" (the cluster's role must be allowed to assume it), and for
    another account's buckets "--expected-source-owner" / "--expected-dest-owner" with its account id.
    """
    return [
        "--source", SOURCE,
        "--dest", DEST,
        "--report", report_uri(report_root),
    ]


# Shared by the three DAGs: manual runs only (schedule=None, catchup=False in each DAG), no retries.
START_DATE = datetime(2025, 1, 1, tzinfo=timezone.utc)
DEFAULT_ARGS = {
    "owner": "data-platform",
    "depends_on_past": False,
    # No automatic retry: a retry re-runs the whole copy, and after exit code 1 (some objects failed)
    # the run's report location already exists, so the retry could only fail with exit code 2.
    # Look at the report, fix the cause, then trigger a new run (it gets a new report folder).
    "retries": 0,
    "execution_timeout": timedelta(hours=24),
    "email_on_failure": False,
    "email_on_retry": False,
}
