"""``python -m crawler.example_site build|serve``: see ``crawler.example_site.cli``."""

import sys

from crawler.example_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
