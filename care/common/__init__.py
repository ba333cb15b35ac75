"""What every capability shares: the clock of an update, the Fluent catalogues and Kazakh
case endings, the desk's deployment context (`Desk`), the working-day calendar, the
operator's statement and what this process knows of the admin chat.

Imports only `storage`; every other package of `care` may import it."""
