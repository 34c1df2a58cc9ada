"""The ``copydesk`` command line: offline extraction, text cleaning and explanations."""
