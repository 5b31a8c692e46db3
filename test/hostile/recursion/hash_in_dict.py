# __hash__ that hashes self, reached through a dict lookup
class K:
    def __hash__(self):
        return hash(self)

d = {}
try:
    d[K()] = 1
except RecursionError as e:
    print(type(e).__name__)
print(len(d))
