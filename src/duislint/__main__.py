from duislint.cli import run

run()
