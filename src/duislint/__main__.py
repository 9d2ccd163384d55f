import sys

from duislint.cli import main

sys.exit(main())
