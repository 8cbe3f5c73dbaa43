// The only entrance to settings/ from outside it.
