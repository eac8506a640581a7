"""lakecopy with spark-submit, from the Airflow worker (SparkSubmitOperator).

Runs ``spark-submit --class io.lakecopy.cli.LakecopyMain <jar> <lakecopy arguments>`` through the
``spark_default`` connection (apache-airflow-providers-apache-spark): its host is the master (yarn,
k8s://..., spark://..., local[*]) and its extra may set the deploy mode. The worker needs
``spark-submit`` on PATH and the shaded jar at ``lakecopy_args.JAR_LOCAL``.

The arguments come from ``lakecopy_args.py`` (the same for the EMR and Databricks DAGs). The report
goes to ``s3a://``: plain Spark has no ``s3://`` filesystem (the cluster needs hadoop-aws for s3a).

Exit codes: in client mode lakecopy's code is spark-submit's exit code and the task fails on any
non-zero one ("Cannot execute: ... Error code is: N"): 0 ok, 1 some objects failed (see the report),
2 invalid input (nothing written), 3 could not run. In YARN cluster mode only success or failure of
the application is visible; the code and message are in the driver's log.
"""
from lakecopy_args import (
    DEFAULT_ARGS,
    JAR_LOCAL,
    MAIN_CLASS,
    REPORT_ROOT_S3A,
    START_DATE,
    lakecopy_arguments,
)

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

with DAG(
    dag_id="lakecopy_spark_submit",
    description="Copy S3 objects server-side with lakecopy (spark-submit)",
    doc_md=__doc__,
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["lakecopy", "s3"],
) as dag:
    SparkSubmitOperator(
        task_id="lakecopy",
        conn_id="spark_default",
        name="lakecopy",
        application=JAR_LOCAL,
        java_class=MAIN_CLASS,
        application_args=lakecopy_arguments(REPORT_ROOT_S3A),
        # In YARN cluster mode a driver that exits non-zero would be started again by YARN, and the
        # second attempt would only find its report location taken (exit code 2).
        conf={"spark.yarn.maxAppAttempts": "1"},
    )
