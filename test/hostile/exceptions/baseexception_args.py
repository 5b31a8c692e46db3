# an exception whose args hold itself
e = ValueError()
e.args = (e,)
try:
    raise e
except ValueError as x:
    print(type(x.args[0]).__name__)
raise e
