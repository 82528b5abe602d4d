"""Generated models and parameters, one module per API description fragment."""
