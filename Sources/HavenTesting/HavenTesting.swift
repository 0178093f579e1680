public enum HavenTesting {}
