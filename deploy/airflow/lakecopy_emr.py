"""lakecopy as an EMR step on a running cluster (EmrAddStepsOperator + EmrStepSensor).

Adds the same step as ``deploy/emr/add-step.json`` (command-runner.jar -> ``spark-submit
--deploy-mode cluster``) to the cluster ``LAKECOPY_EMR_CLUSTER_ID`` through the ``aws_default``
connection (apache-airflow-providers-amazon), then waits for the step. EMR 7.x (Spark 3.5, Java 17)
and emr-spark-8.0 (Spark 4.0.2) run the same shaded jar, read from ``lakecopy_args.JAR_S3``.

The arguments come from ``lakecopy_args.py`` (the same for the spark-submit and Databricks DAGs). On
EMR an ``s3://`` report URI goes through EMRFS, so ``--report`` is ``s3://`` here.

Exit codes: lakecopy ends with 0 ok, 1 some objects failed (see the report), 2 invalid input
(nothing written) or 3 could not run. In cluster mode EMR shows only COMPLETED (0) or FAILED (any
other code): the sensor then fails the DAG run, and the code and message are in the step's stderr and
the driver's container log. ActionOnFailure CONTINUE keeps the cluster running either way.
"""
import os

from lakecopy_args import DEFAULT_ARGS, JAR_S3, MAIN_CLASS, START_DATE, lakecopy_arguments

from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

EMR_CLUSTER_ID = os.environ.get("LAKECOPY_EMR_CLUSTER_ID", "j-XXXXXXXXXXXXX")

# The boto3 form of deploy/emr/add-step.json (the aws CLI's CUSTOM_JAR type is a HadoopJarStep).
LAKECOPY_STEP = {
    "Name": "lakecopy",
    "ActionOnFailure": "CONTINUE",
    "HadoopJarStep": {
        "Jar": "command-runner.jar",
        "Args": [
            "spark-submit",
            "--deploy-mode", "cluster",
            # A driver that exits non-zero must not be started again by YARN: the second attempt
            # would only find its report location taken (exit code 2).
            "--conf", "spark.yarn.maxAppAttempts=1",
            "--class", MAIN_CLASS,
            JAR_S3,
        ] + lakecopy_arguments(),
    },
}

with DAG(
    dag_id="lakecopy_emr",
    description="Copy S3 objects server-side with lakecopy (EMR step)",
    doc_md=__doc__,
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["lakecopy", "s3", "emr"],
) as dag:
    add_step = EmrAddStepsOperator(
        task_id="add_step",
        job_flow_id=EMR_CLUSTER_ID,
        aws_conn_id="aws_default",
        steps=[LAKECOPY_STEP],
    )
    watch_step = EmrStepSensor(
        task_id="watch_step",
        job_flow_id=EMR_CLUSTER_ID,
        step_id="{{ task_instance.xcom_pull(task_ids='add_step', key='return_value')[0] }}",
        aws_conn_id="aws_default",
        mode="reschedule",
        poke_interval=60,
        timeout=24 * 60 * 60,
    )
    add_step >> watch_step
