# a class decorator that makes a subclass decorated by itself
def deco(cls):
    return deco(type(cls.__name__, (cls,), {}))

@deco
class A:
    pass
