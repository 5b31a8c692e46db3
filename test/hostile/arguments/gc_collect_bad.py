# gc.collect with bad generations
import gc
for a in ["x", 1.5, -1, 3, 2 ** 64, None]:
    try:
        gc.collect(a)
        print("ok")
    except Exception as e:
        print(type(e).__name__, e)
try:
    gc.collect(generation=5)
except Exception as e:
    print(type(e).__name__, e)
