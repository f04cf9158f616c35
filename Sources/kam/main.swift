import KAMWeb
import KAMStore
import ArgumentParser
import Hummingbird
print("kam")
