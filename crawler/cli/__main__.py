"""`python -m crawler.cli`: the same command as `article-archive`."""
import sys

from crawler.cli import main

sys.exit(main())
