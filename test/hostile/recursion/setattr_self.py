# __setattr__ that assigns an attribute of self
class A:
    def __setattr__(self, name, value):
        self.x = value

A().y = 1
