enum MatrixPlaceholder {}
