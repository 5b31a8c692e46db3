# gc.set_threshold with bad arguments
import gc
for a in [("x",), (1.5,), (-1,), (2 ** 64,), (1, 2, 3, 4), (), (None,)]:
    try:
        gc.set_threshold(*a)
        print("ok", gc.get_threshold())
    except Exception as e:
        print(type(e).__name__, e)
gc.set_threshold(700, 10, 10)
print(gc.get_threshold())
