# Small integers (-5 to 256) are shared singletons; bigger ones are new objects each time.
import sys

a = 256
b = 256
print("256 is shared:", a is b)
c = int("257")
d = int("257")
print("257 is shared:", c is d)
print("getsizeof(256) =", sys.getsizeof(256))
print("getsizeof(2**30) =", sys.getsizeof(2**30))
