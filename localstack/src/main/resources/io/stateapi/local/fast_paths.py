"""Work moto 5.2.5 repeats on every request although its answer cannot change while it runs.

A profile of the emulator replaying the DynamoDB calls of two test classes (issue 14) found,
besides the expression work expression_cache.py keeps, four costs that recur per request and
depend only on things fixed for the server's life:

- Finding the backend for a request lists moto's package directory and stats each of its ~150
  entries (backends.list_of_moto_modules), about 7% of the emulator's CPU. The installed package
  does not change while the server runs: the list is read once.
- Dispatching a call lists the response class's methods with inspect.getmembers
  (method_names_from_class), about 5%. A class's methods are fixed once moto_guard has patched
  it (before the server starts): the list is kept per class.
- Serializing a response asks six alias providers, for every member of every structure, which
  names the value may sit under (XFormedAttributePicker.get_possible_keys), about 7%. For a plain
  dict the answer depends only on the member's name and its botocore shape (the providers read
  the object's class name and Meta, which a dict has not): the names are kept per (name, shape),
  in the order moto tries them. Other objects are asked as before.
- The expression validators' traversal rebuilds each processor's tuple of node types at every
  node (DepthFirstTraverser.nodes_to_be_processed); it is kept per processor instance, whose
  processing map never changes.
- The update expression's nodes are abc.ABCMeta classes, and the ten validators' walks of the
  tree and find_clauses ask isinstance of them about 2,000 times per UpdateItem, each through
  ABCMeta.__instancecheck__ (the largest single cost left, ~15%). The same walks run here with
  the answers kept per (node class, class or tuple asked): no class is registered with an ABC
  while the server runs, so the answer for a class never changes.
- Three of those ten walks only check the expression's shape and raise or pass
  (ActionCountValidator: one SET, ADD and REMOVE clause at most; OverlappingPathsValidator;
  UpdateHashRangeKeyValidator: no key attribute updated), and their verdict depends only on the
  expression string, the expression attribute names and the table's key attributes. Once they
  have passed for those three, later calls skip them; a failing check is never remembered, so
  an invalid expression fails through moto's own check every time.

Everything still runs moto's own code; only repeated answers are reused. The emulator's answers
are byte-identical with and without these (a recorded run of DynamoDB calls replayed both ways,
docs/performance.md).
"""
import functools

import moto.backends as backends
import moto.dynamodb.parsing.ast_nodes as ast_nodes
import moto.core.responses as core_responses
from moto.core.serialize import DEFAULT_ALIAS_PROVIDERS, XFormedAttributePicker
from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser
from moto.dynamodb.parsing.validators import (
    ActionCountValidator,
    OverlappingPathsValidator,
    UpdateExpressionValidator,
    UpdateHashRangeKeyValidator,
)


def read_moto_modules_once() -> None:
    modules = tuple(backends.list_of_moto_modules())

    def list_of_moto_modules():
        return iter(modules)

    backends.list_of_moto_modules = list_of_moto_modules


def keep_method_names_per_class() -> None:
    core_responses.method_names_from_class = functools.lru_cache(maxsize=None)(
        core_responses.method_names_from_class)


def keep_serialization_names() -> None:
    possible_keys = XFormedAttributePicker.get_possible_keys
    # (member name, id of its shape) -> (the shape, the names to try in order); the shape is held
    # so that its id is not reused. botocore keeps one shape object per shape of a service model.
    names = {}

    def cached_possible_keys(self, context):
        obj = context.obj
        if type(obj) is not dict or self.alias_providers is not DEFAULT_ALIAS_PROVIDERS:
            return possible_keys(self, context)
        shape = context.shape
        entry = names.get((context.key, id(shape)))
        if entry is None or entry[0] is not shape:
            entry = (shape, tuple(possible_keys(self, context)))
            names[(context.key, id(shape))] = entry
        return entry[1]

    XFormedAttributePicker.get_possible_keys = cached_possible_keys


def keep_node_types_per_processor() -> None:
    node_types = DepthFirstTraverser.nodes_to_be_processed

    def cached_node_types(self):
        kept = self.__dict__.get("_stateapi_node_types")
        if kept is None:
            kept = node_types(self)
            self.__dict__["_stateapi_node_types"] = kept
        return kept

    DepthFirstTraverser.nodes_to_be_processed = cached_node_types


def subclass_checks():
    """issubclass, its answers kept per (class, class or tuple of classes)."""
    answers = {}

    def is_a(cls, kinds):
        key = (cls, kinds)
        answer = answers.get(key)
        if answer is None:
            answer = issubclass(cls, kinds)
            answers[key] = answer
        return answer

    return is_a


def walk_trees_with_kept_type_checks() -> None:
    is_a = subclass_checks()
    Node = ast_nodes.Node
    Expression = ast_nodes.Expression
    UpdateExpressionFunction = ast_nodes.UpdateExpressionFunction

    # ast_nodes.Node.find_clauses, isinstance answered by is_a
    def find_clauses(self, clause_types):
        clauses = []
        for child in self.children or []:
            kind = type(child)
            if kind in clause_types:
                clauses.append(child)
            elif is_a(kind, Expression):
                clauses.extend(child.find_clauses(clause_types))
            elif is_a(kind, UpdateExpressionFunction):
                clauses.extend(child.find_clauses(clause_types))
        return clauses

    # ast_nodes.DepthFirstTraverser.process, the same
    def process(self, node):
        kind = type(node)
        for class_key, processor in self._processing_map().items():
            if is_a(kind, class_key):
                return processor(node)

    # ast_nodes.DepthFirstTraverser.traverse_node_recursively, the same
    def traverse_node_recursively(self, node, child_id=-1):
        if is_a(type(node), Node):
            parent_node = node.parent
            if node.children is not None:
                for i, child_node in enumerate(node.children):
                    self.pre_processing_of_child(node, i)
                    self.traverse_node_recursively(child_node, i)
            if is_a(type(node), self.nodes_to_be_processed()):
                node = self.process(node)
                node.parent = parent_node
                if parent_node:
                    parent_node.children[child_id] = node
        return node

    Node.find_clauses = find_clauses
    DepthFirstTraverser.process = process
    DepthFirstTraverser.traverse_node_recursively = traverse_node_recursively


SHAPE_CHECKS = (ActionCountValidator, OverlappingPathsValidator, UpdateHashRangeKeyValidator)


def check_each_expression_shape_once() -> None:
    # (expression, names, table key attributes) whose shape checks all passed
    passed = set()

    def key_of(validator, tree):
        expression = tree.__dict__.get("stateapi_expression")
        names = validator.expression_attribute_names
        if expression is None or names is not None and type(names) is not dict:
            return None
        try:
            return (expression, tuple(sorted(names.items())) if names is not None else None,
                    tuple(validator.table.table_key_attrs))
        except TypeError:
            return None

    # Validator.validate, the shape checks left out once they passed for this key
    def validate(self):
        n = self.node_to_validate
        key = key_of(self, n)
        skip = key is not None and key in passed
        checked = 0
        for processor in self.processors:
            if type(processor) in SHAPE_CHECKS:
                if skip:
                    continue
                n = processor.traverse(n)
                checked += 1
                if checked == len(SHAPE_CHECKS) and key is not None:
                    if len(passed) >= 16384:
                        passed.clear()
                    passed.add(key)
            else:
                n = processor.traverse(n)
        return n

    UpdateExpressionValidator.validate = validate


def install() -> None:
    read_moto_modules_once()
    keep_method_names_per_class()
    keep_serialization_names()
    keep_node_types_per_processor()
    walk_trees_with_kept_type_checks()
    check_each_expression_shape_once()
