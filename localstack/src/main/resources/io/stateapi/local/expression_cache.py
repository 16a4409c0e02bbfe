"""moto parses each DynamoDB expression string anew on every call, in Python, and often twice.

The store sends the same few UpdateExpression and ConditionExpression strings over and over,
with different ExpressionAttributeValues, and with DynamoDB requests serialized (ADR 0001) the
emulator's CPU bounds the test suite. An UpdateItem parsed its UpdateExpression twice (once in
the request handler to find the placeholders it uses, once in the backend), then deep-copied the
tree before validating it; a ConditionExpression was lexed twice (handler and backend).

Here the parse of an UpdateExpression is kept per expression string and each caller that fills
the tree in gets its own copy (moto's validators replace placeholder nodes in place), made by
walking the tree instead of copy.deepcopy, which cost more than the parse it saved; the request
handler, which only reads which placeholders the tree uses, gets the kept tree itself. A ConditionExpression keeps
its lexed tokens per string; substituting names and values, which differ per call, runs as
before. A ConditionExpression's syntax tree (functions, comparisons, AND/OR/NOT applied and
checked) is kept too, per expression string, names and value placeholders given; each call puts
its own values into a copy of the tree (no step of the parse reads a value, only its kind) and
builds its condition from that with moto's own code. Only successful parses are kept: an invalid expression fails on every call exactly as it
did, because moto's own parser still raises the error. Parses depend on the string alone.
"""
import copy
import functools
import inspect
import sys
from collections import deque

from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.parsing import validators
from moto.dynamodb.parsing.ast_nodes import Node, UpdateExpression
from moto.dynamodb.parsing.expressions import UpdateExpressionParser
from moto.dynamodb.responses import DynamoHandler

# Distinct expression strings kept; the project sends a few dozen, a fuzzer many more.
CACHED_EXPRESSIONS = 4096

IMMUTABLE = (str, int, float, bool, type(None))


def copy_tree(node, parent=None):
    """A copy of an expression tree: new nodes and child lists, immutable leaves shared.

    A node holds only its type name, its children and its parent (moto's ast_nodes); anything
    else found among the children is deep-copied, so the copy never shares mutable state.
    """
    twin = object.__new__(type(node))
    twin.__dict__.update(node.__dict__)
    twin.parent = parent
    children = node.children
    if children is not None:
        twin.children = [copy_tree(child, twin) if isinstance(child, Node)
                         else child if isinstance(child, IMMUTABLE)
                         else copy.deepcopy(child)
                         for child in children]
    return twin


def with_values(node, parser):
    """A copy of a condition's syntax tree holding this call's expression attribute values."""
    if node.kind == ConditionExpressionParser.Kind.EXPRESSION_ATTRIBUTE_VALUE:
        return node._replace(value=parser._lookup_expression_attribute_value(node.text))
    if not node.children:
        return node._replace(children=[])
    return node._replace(children=[with_values(child, parser) for child in node.children])


def parse_conditions_once() -> None:
    parse = ConditionExpressionParser.parse
    # (expression, names, value placeholders) -> (syntax tree, names found, values found)
    parsed = {}

    def key_of(parser):
        expression = parser.condition_expression
        names = parser.expression_attribute_names
        values = parser.expression_attribute_values
        if not isinstance(expression, str) or not expression:
            return None
        if names is not None and not isinstance(names, dict) or values is not None and not isinstance(values, dict):
            return None
        try:
            return (expression, tuple(sorted(names.items())) if names is not None else None,
                    tuple(sorted(values)) if values is not None else None)
        except TypeError:
            return None

    def cached_parse(self):
        key = key_of(self)
        if key is None:
            return parse(self)
        kept = parsed.get(key)
        if kept is None:
            # moto's parse, step by step as ConditionExpressionParser.parse takes them
            nodes = self._lex_condition_expression()
            nodes = self._parse_paths(nodes)
            nodes = self._apply_functions(nodes)
            nodes = self._apply_comparator(nodes)
            nodes = self._apply_in(nodes)
            nodes = self._apply_between(nodes)
            nodes = self._apply_parens_and_booleans(nodes)
            node = nodes[0]
            self._assert_no_redundant_parentheses(node)
            kept = (node, tuple(self._find_literals(node)), tuple(self._find_expr_attr_values(node)))
            if len(parsed) >= CACHED_EXPRESSIONS:
                parsed.clear()
            parsed[key] = kept
            tree = with_values(node, self)
        else:
            tree = with_values(kept[0], self)
        self.expr_attr_names_found.extend(kept[1])
        self.expr_attr_values_found.extend(kept[2])
        return self._make_op_condition(tree)

    ConditionExpressionParser.parse = cached_parse


def parse_each_expression_once() -> None:
    make = UpdateExpressionParser.make
    lex = ConditionExpressionParser._lex_condition_expression

    @functools.lru_cache(maxsize=CACHED_EXPRESSIONS)
    def parsed_update(expression):
        tree = make(expression)
        # The string the tree was parsed from, which its copies carry (fast_paths.py reads it).
        tree.stateapi_expression = expression
        return tree

    @functools.lru_cache(maxsize=CACHED_EXPRESSIONS)
    def lexed_condition(expression):
        parser = ConditionExpressionParser(expression, None, None)
        return tuple(lex(parser))

    # The request handler's calls only read the tree (the placeholders it uses): they get the
    # kept tree itself; the backend's and the validator's, which fill it in, get copies.
    readers = {inspect.unwrap(getattr(DynamoHandler, name)).__code__
               for name in ("update_item", "transact_write_items")}

    def cached_make(cls, expression):
        if cls is not UpdateExpressionParser or not isinstance(expression, str):
            return make.__func__(cls, expression)
        if sys._getframe(1).f_code in readers:
            return parsed_update(expression)
        return copy_tree(parsed_update(expression))

    def cached_lex(self):
        expression = self.condition_expression
        if not isinstance(expression, str):
            return lex(self)
        # Lexed nodes are named tuples; each call gets fresh (empty) child lists.
        return deque(node._replace(children=[]) for node in lexed_condition(expression))

    def tree_or_deep_copy(value, memo=None):
        # The validator copies the tree it is given before replacing its placeholders.
        if memo is None and isinstance(value, UpdateExpression):
            return copy_tree(value)
        return copy.deepcopy(value, memo)

    parse_conditions_once()
    UpdateExpressionParser.make = classmethod(cached_make)
    ConditionExpressionParser._lex_condition_expression = cached_lex
    validators.deepcopy = tree_or_deep_copy
