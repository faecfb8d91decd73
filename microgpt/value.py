"""Scalar autograd: every number remembers where it came from.

A Value stores one float, the Values it was computed from (its children) and the local
derivative of itself with respect to each child. backward() walks that graph in reverse
topological order and applies the chain rule: child.grad += local_grad * node.grad.
"""
import math


class Value:
    __slots__ = ("data", "grad", "_children", "_local_grads", "op")

    def __init__(self, data, children=(), local_grads=(), op=""):
        self.data = data  # the scalar itself
        self.grad = 0  # d(output of backward) / d(self), filled in by backward()
        self._children = children  # the Values this one was computed from
        self._local_grads = local_grads  # d(self) / d(child), one per child
        self.op = op  # how it was made: '+', '*', '**', 'log', 'exp', 'relu', or '' for a leaf

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1, 1), "+")

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __pow__(self, other):  # other is a plain number
        return Value(self.data**other, (self,), (other * self.data**(other - 1),), "**")

    def log(self):
        return Value(math.log(self.data), (self,), (1 / self.data,), "log")

    def exp(self):
        return Value(math.exp(self.data), (self,), (math.exp(self.data),), "exp")

    def relu(self):
        return Value(max(0, self.data), (self,), (float(self.data > 0),), "relu")

    def __neg__(self): return self * -1
    def __radd__(self, other): return self + other
    def __sub__(self, other): return self + (-other)
    def __rsub__(self, other): return other + (-self)
    def __rmul__(self, other): return self * other
    def __truediv__(self, other): return self * other**-1
    def __rtruediv__(self, other): return other * self**-1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def topological_order(self):
        """Every node reachable from self, children before parents; iterative (no recursion)."""
        topo, visited = [], set()
        stack = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                topo.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                # reversed so children are visited in their natural order, as recursion would
                for child in reversed(node._children):
                    if id(child) not in visited:
                        stack.append((child, False))
        return topo

    def backward(self, release=False):
        """Fill .grad of every node below self. release=True tears the graph down afterwards."""
        topo = self.topological_order()
        self.grad = 1
        for v in reversed(topo):
            for child, local_grad in zip(v._children, v._local_grads):
                child.grad += local_grad * v.grad
        if release:
            release_graph(topo)


def release_graph(nodes):
    """Cut every node's links to its children.

    Freeing a long chain of Values would otherwise recurse once per link inside the
    interpreter; in Pyodide that overflows the JavaScript stack and kills Python for good.
    With the links cut, each node is freed on its own.
    """
    for node in nodes:
        node._children = ()
        node._local_grads = ()
