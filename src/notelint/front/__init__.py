"""The front: the command line, the run over files, file discovery and writing, the rules page."""
