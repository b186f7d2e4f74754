"""Settings: the options rules read, configuration files, and command-line overrides."""
