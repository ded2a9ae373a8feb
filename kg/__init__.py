"""UP Industrial Knowledge Graph: Hindi and English news about Uttar Pradesh industry as linked RDF."""

__version__ = "0.1.0"
