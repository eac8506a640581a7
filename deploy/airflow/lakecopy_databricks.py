"""lakecopy as a one-time Databricks JAR run (DatabricksSubmitRunOperator).

Submits ``spark_jar_task`` (main class ``io.lakecopy.cli.LakecopyMain``) with the jar from a Unity
Catalog volume as a library, on a new dedicated (single-user) job cluster, through the
``databricks_default`` connection (apache-airflow-providers-databricks), and waits for the run. It is
the one-time-run form of ``deploy/databricks/job.json``; see ``deploy/databricks/README.md`` for the
runtimes (15.4 LTS needs ``JNAME=zulu17-ca-amd64``; 16.4 LTS runs Java 17 already).

The arguments come from ``lakecopy_args.py`` (the same for the spark-submit and EMR DAGs). The
cluster's instance profile supplies the AWS credentials lakecopy uses; ``s3://`` works for
``--report`` (Databricks' S3 connector).

Exit codes: lakecopy ends with 0 ok, 1 some objects failed (see the report), 2 invalid input
(nothing written) or 3 could not run. A JAR task must not call System.exit, so on Databricks lakecopy
returns normally on 0 and otherwise throws "lakecopy failed with exit code N": the run fails with that
message and so does this task.
"""
import os

from lakecopy_args import DEFAULT_ARGS, JAR_VOLUME, MAIN_CLASS, START_DATE, lakecopy_arguments

from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

NEW_CLUSTER = {
    # DBR 16.4 LTS: Spark 3.5.2, Java 17. For 15.4 LTS use "15.4.x-scala2.12" and add
    # "spark_env_vars": {"JNAME": "zulu17-ca-amd64"}; 17.3 LTS (Spark 4.0) is "17.3.x-scala2.13".
    "spark_version": "16.4.x-scala2.12",
    "node_type_id": "m5d.xlarge",
    "num_workers": 4,
    # Dedicated access mode: lakecopy uses the classic Dataset API, not Spark Connect.
    "data_security_mode": "SINGLE_USER",
    "aws_attributes": {
        "instance_profile_arn": os.environ.get(
            "LAKECOPY_DATABRICKS_INSTANCE_PROFILE", "arn:aws:iam::ACCOUNT-ID:instance-profile/lakecopy"
        ),
    },
}

with DAG(
    dag_id="lakecopy_databricks",
    description="Copy S3 objects server-side with lakecopy (Databricks JAR task)",
    doc_md=__doc__,
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["lakecopy", "s3", "databricks"],
) as dag:
    DatabricksSubmitRunOperator(
        task_id="lakecopy",
        databricks_conn_id="databricks_default",
        run_name="lakecopy",
        new_cluster=NEW_CLUSTER,
        spark_jar_task={
            "main_class_name": MAIN_CLASS,
            "parameters": lakecopy_arguments(),
        },
        libraries=[{"jar": JAR_VOLUME}],
        timeout_seconds=24 * 60 * 60,
        polling_period_seconds=60,
    )
