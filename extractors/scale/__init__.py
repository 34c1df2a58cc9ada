"""Re-cleaning at scale: ``copydesk extract`` of WARC files as a datatrove job.

``extractors.scale.datatrove_job`` builds a datatrove pipeline (read WARC files with
FastWARC, extract each page as ``copydesk extract`` does, write JSON lines) that runs
unchanged on one machine (``LocalPipelineExecutor``) or a cluster (``SlurmPipelineExecutor``,
``RayPipelineExecutor``). Needs the ``scale`` extra (``pip install 'copydesk[scale]'``);
``extractors.scale.fastwarc_reader`` needs FastWARC only.
"""
