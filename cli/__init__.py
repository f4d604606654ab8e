"""kcsearch.cli: the command line, a thin layer over `import kcsearch`."""
