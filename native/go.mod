module lockerism/native

go 1.25.7
