# __init__ that creates another instance of its class
class A:
    def __init__(self):
        self.child = A()

A()
