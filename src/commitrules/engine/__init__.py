"""The engines that evaluate a compiled pack, and the decision they return."""
