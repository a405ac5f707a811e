import ArgumentParser
import HTTPServer

print("stub")
