"""Drawing maps: a model compiled to DOT (`compile`), laid out and written by Graphviz (`render`)."""
