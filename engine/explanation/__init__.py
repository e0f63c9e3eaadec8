"""Explanation: proofs, why-not trees, summaries, sentences, renderings and the answer shape."""
