# A list over-allocates as it grows, so that most appends need no new memory.
import sys

items = []
last = sys.getsizeof(items)
print(f"len 0: {last} bytes")
for i in range(20):
    items.append(i)
    size = sys.getsizeof(items)
    if size != last:
        print(f"len {len(items)}: {size} bytes")
        last = size
