# f-strings nested as deep as each version allows
x = f"{f'{1}'}"
print(x)
