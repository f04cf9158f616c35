import Hummingbird
import HummingbirdBcrypt
enum _P {}
