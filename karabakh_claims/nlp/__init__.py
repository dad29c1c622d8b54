"""The spaCy stage: factories, the analysis after the model, one module per question it answers."""
