# raising MemoryError and RecursionError by hand: ordinary exceptions
try:
    raise MemoryError
except MemoryError as e:
    print(type(e).__name__)
raise RecursionError("by hand")
