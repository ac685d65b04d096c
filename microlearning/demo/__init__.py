from .seed import learning_demo_seed

__all__ = ["learning_demo_seed"]
