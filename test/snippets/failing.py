# A snippet whose expectations fail in every way there is: values that differ, expressions that
# raise, points never reached, a point reached three times that fails once, and a run that ends
# with an uncaught exception (what follows it is never reached).
# @snippet Failing expectations
# @versions 3.8 3.12
import sys

x = [1, 2, 3]
# @expect len(x) == 4
# @expect sys.getsizeof(x) < 50
# @expect x is [1, 2, 3]
# @expect x[1:]
# @expect y == 1
# @expect x[5]
# @expect {}['k']
# @expect mem.blocks(x) == 5


def never():
    # @expect True
    pass


for i in range(3):
    pass  # @expect i < 2


class Boom(Exception):
    pass


# @expect Boom('no') is None
# @expect [][0] if x else 0
# @expect (_ for _ in ()).throw(Boom('inside'))
raise Boom('the end')
# @expect x == [1, 2, 3]
