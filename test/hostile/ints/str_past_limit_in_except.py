# an uncaught ValueError from str() of a huge int inside an except block (chained tracebacks)
try:
    1 / 0
except ZeroDivisionError:
    print(str(10 ** 5000))
