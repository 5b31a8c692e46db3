# sys.set_int_max_str_digits: raising, lowering, disabling the limit, and its bad arguments
import sys
print(sys.get_int_max_str_digits(), sys.flags.int_max_str_digits)
sys.set_int_max_str_digits(10000)
print(len(str(10 ** 9000)))
sys.set_int_max_str_digits(0)
print(len(str(10 ** 20000)))
for bad in (1, 639, -1):
    try:
        sys.set_int_max_str_digits(bad)
    except ValueError as e:
        print(e)
try:
    sys.set_int_max_str_digits("x")
except TypeError as e:
    print(e)
sys.set_int_max_str_digits(640)
print(sys.get_int_max_str_digits())
try:
    str(10 ** 640)
except ValueError as e:
    print(e)
