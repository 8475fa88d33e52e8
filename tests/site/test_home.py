def test_home_lists_the_five_themes_in_german(client):
    response = client.get("/", headers={"Accept-Language": "de"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="de">' in html
    for name in ("Zukunftsfähige Infrastruktur", "Digitale Gesellschaft"):
        assert name in html


def test_rollback_isolates_tests_part_one(make_user):
    make_user(email="isolation@example.org")


def test_rollback_isolates_tests_part_two(session):
    from engage.accounts.models import User

    assert session.query(User).filter_by(email="isolation@example.org").count() == 0


def test_commits_in_views_are_rolled_back_too_part_one(client):
    client.post_form("/language", {"lang": "en", "next": "/"})
    from engage.extensions import db
    from engage.themes.models import Theme

    theme = db.session.query(Theme).filter_by(slug="gesellschaft").one()
    theme.name_de = "Umbenannt im Test"
    db.session.commit()


def test_commits_in_views_are_rolled_back_too_part_two(session):
    from engage.themes.models import Theme

    assert session.query(Theme).filter_by(name_de="Umbenannt im Test").count() == 0
