from django.utils import translation


class UserLanguageMiddleware:
    """Show the portal in a logged-in person's own language, whatever their browser asks for.

    LocaleMiddleware has already picked a language from the cookie or the Accept-Language header;
    for anonymous visitors that choice stands.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
