// The only entrance to catalogue/api/ from outside it.
