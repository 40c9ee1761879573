"""After the appeal: the decision, the order steps, recommendations, challenges, spend and placements."""
