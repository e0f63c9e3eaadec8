"""Rule language: the AST, the lark grammar and parser, the checker and keyword lists."""
