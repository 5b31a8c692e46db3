print(-3.index('abc'))
