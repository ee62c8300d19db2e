"""Small command-line wrappers that run one ICCMA task with a peer library."""
