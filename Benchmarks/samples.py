"""Messages the load benchmarks send: one per pattern family, plus a neutral one (written for Haven)."""
SAMPLES = [
    "You never listen to me",
    "he just walks out when we argue",
    "I feel like I'm walking on eggshells around her",
    "we went to the market today",
    "thank you for being there, I really appreciate you",
    "she keeps checking my phone",
    "whatever, you're pathetic",
    "it's not my fault, you started it",
]
