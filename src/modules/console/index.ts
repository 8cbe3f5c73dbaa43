// The only entrance to console/ from outside it.
